// opencc-js ships its dictionaries as plain modules without typings; each default-exports a `"from to|…"` string.
declare module 'opencc-js/dict/TSCharacters' {
  const dictionary: string;
  export default dictionary;
}
