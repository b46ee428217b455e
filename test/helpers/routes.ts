// The routes a Fastify app serves, read from its printRoutes tree, for tests that go over all of them.

/** "METHOD /full/path" for every route in Fastify's printRoutes({ commonPrefix: false }) tree. */
export function serverRoutes(tree: string): string[] {
  const routes: string[] = [];
  const stack: string[] = [];
  for (const line of tree.split('\n')) {
    const match = /^((?:│ {3}| {4})*)(?:├── |└── )(.+?)(?: \(([^)]*)\))?$/.exec(line);
    if (!match) continue;
    const depth = match[1]!.length / 4;
    stack.length = depth;
    stack.push(match[2]!);
    const path = stack.join('');
    for (const method of (match[3] ?? '').split(',').map((part) => part.trim()).filter(Boolean)) routes.push(`${method} ${path}`);
  }
  return routes;
}
