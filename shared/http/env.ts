/** A setting the deployment must provide; its absence is a deployment error worth failing loudly at cold start. */
export function requiredEnv(name: string, env: Record<string, string | undefined> = process.env): string {
  const value = env[name];
  if (!value) throw new Error(`${name} is not set`);
  return value;
}
