/** Benchmark section for the slack issue; replaced by the branch that builds it. */
export async function runBench(): Promise<void> {
  console.log('slack: no benchmark yet');
}
