// `node dist/bench/rush/seed-main.js '<SeedTarget as JSON>' <count>`: seeds in a process of its own
// and prints the result as JSON. The test suite needs this: its own process has the app's models
// bound to the suite's database, and seeding in-process would bind them to the rush's.
import { seedRush, type SeedTarget } from './seed.js';

const [target, count] = [JSON.parse(process.argv[2]) as SeedTarget, Number(process.argv[3])];
const seeded = await seedRush(target, count);
process.stdout.write(`\n${JSON.stringify(seeded)}\n`);
