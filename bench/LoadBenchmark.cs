namespace KissBot.Bench;

public static class LoadBenchmark
{
    public static Task<int> RunAsync(string[] args) => Task.FromResult(0);
}
