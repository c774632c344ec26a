/** Benchmark section for the digest issue; replaced by the branch that builds it. */
export async function runBench(): Promise<void> {
  console.log('digest: no benchmark yet');
}
