/** Benchmark section for the telegram issue; replaced by the branch that builds it. */
export async function runBench(): Promise<void> {
  console.log('telegram: no benchmark yet');
}
