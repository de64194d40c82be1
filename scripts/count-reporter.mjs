// A node:test reporter that writes the totals of one package's run as JSON, so the root
// `npm test` can add every package's results into one closing line.
export default async function* countReporter(source) {
  const totals = { passed: 0, failed: 0, skipped: 0 };
  for await (const event of source) {
    if (event.type !== "test:pass" && event.type !== "test:fail") continue;
    // Suites (describe blocks) are containers: count only the tests inside them.
    if (event.data.details?.type === "suite") continue;
    if (event.data.skip !== undefined || event.data.todo !== undefined) totals.skipped += 1;
    else if (event.type === "test:pass") totals.passed += 1;
    else totals.failed += 1;
  }
  yield JSON.stringify(totals) + "\n";
}
