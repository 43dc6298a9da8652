// `npm run filter:update-lists [-- --base URL] [--force]`: refreshes filter-svc's vendored
// X4BNet lists (apps/filter-svc/data/x4bnet) from upstream; commit the result after a look at
// the diff. filter-svc reads the lists at boot (OFFLINE_* = bundled).
import { updateLists, UPSTREAM } from './update-lists';

const args = process.argv.slice(2);
const value = (name: string): string | undefined => {
  const i = args.indexOf(name);
  return i >= 0 ? args[i + 1] : undefined;
};
if (args.includes('--help')) {
  process.stdout.write(
    `usage: npm run filter:update-lists [-- --base URL] [--force]\n  --base   raw files of the repository (default ${UPSTREAM})\n  --force  accept a list that shrank to less than half\n`,
  );
  process.exit(0);
}

updateLists({
  base: value('--base'),
  force: args.includes('--force'),
  log: (line) => process.stdout.write(`${line}\n`),
})
  .then((files) => {
    process.stdout.write(`updated ${files.length} files in apps/filter-svc/data/x4bnet\n`);
  })
  .catch((err: unknown) => {
    process.stderr.write(
      `filter:update-lists failed, nothing changed: ${err instanceof Error ? err.message : String(err)}\n`,
    );
    process.exit(1);
  });
