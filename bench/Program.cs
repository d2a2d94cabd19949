// KissBot benchmarks: `dotnet run -c Release --project bench -- <name> [options]`.
// Each benchmark lives in its own file; this file only dispatches.
var name = args.FirstOrDefault() ?? "help";
var rest = args.Skip(1).ToArray();
switch (name)
{
    case "load":
        return await KissBot.Bench.LoadBenchmark.RunAsync(rest);
    case "planner":
        return KissBot.Bench.PlannerBenchmark.Run(rest);
    case "console-pages":
    case "inbox-pages": // the earlier name (complaint and IKM pages only); now every main console page
        return await KissBot.Bench.ConsolePagesBenchmark.RunAsync(rest);
    case "fuzz":
        return await KissBot.Bench.Fuzz.FuzzBenchmark.RunAsync(rest);
    case "nlu":
        return KissBot.Bench.NluBenchmark.Run(rest);
    default:
        Console.WriteLine("Benchmarks: load [--conversations 64] [--rounds 2] [--url http://127.0.0.1:3978] | planner [--seeds 8] [--max-exhaustive 12] | console-pages [--rounds 30] | nlu [--rounds 20] | fuzz [10000] [--url …] [--seed S]");
        return name == "help" ? 0 : 2;
}
