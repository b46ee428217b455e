// Benchmark launcher for WORKERS > 1 when src/main.ts does not fork workers itself: a node:cluster
// primary that migrates the database once, then forks WORKERS app processes, each built by the
// platform's own composition root (`composePlatform`) and listening on the shared PORT. SIGTERM
// stops the workers (each closes its platform, so --cpu-prof profiles are written) and then itself.
import cluster from 'node:cluster';
import { loadConfig } from '../../src/config/config.ts';
import { openDatabase } from '../../src/adapters/db/database.ts';
import { composePlatform } from '../../src/main.ts';

const config = loadConfig();

if (cluster.isPrimary) {
  if (!config.database.url) throw new Error('WORKERS > 1 needs DATABASE_URL');
  const migrated = await openDatabase({ kind: 'postgres', url: config.database.url, poolSize: 1 });
  await migrated.close();
  let stopping = false;
  for (let index = 0; index < config.workers; index += 1) cluster.fork();
  cluster.on('exit', (worker, code) => {
    if (stopping) return;
    process.stderr.write(`worker ${worker.process.pid} exited with ${code}\n`);
    process.exit(1);
  });
  process.once('SIGTERM', () => {
    stopping = true;
    const workers = Object.values(cluster.workers ?? {});
    let left = workers.length;
    if (left === 0) process.exit(0);
    for (const worker of workers) {
      worker?.once('exit', () => {
        left -= 1;
        if (left === 0) process.exit(0);
      });
      worker?.process.kill('SIGTERM');
    }
  });
} else {
  const platform = await composePlatform(config);
  await platform.app.listen({ host: config.host, port: config.port });
  process.once('SIGTERM', () => {
    void platform.close().finally(() => process.exit(0));
  });
}
