/** What /api/health reports. */
export interface Health {
  status: string;
  services: { db: string; sse: { totalClients: number; totalTopics: number; topics: Record<string, number> } };
}

export async function readHealth(url: string): Promise<Health> {
  const response = await fetch(`${url}/api/health`);
  return (await response.json()) as Health;
}

/** The live connections /api/health counts: in total and per topic. */
export async function sseHealth(url: string): Promise<Health['services']['sse']> {
  return (await readHealth(url)).services.sse;
}
