import { createShengmingApp } from './shengming-app.js';

createShengmingApp().app.synth();
