using OmiStack.Reports.Gradebook;

// Merges the results of several runs (e.g. the shards of a CI matrix) into one gradebook:
//   dotnet run --project reports -- gradebook --out DIR RESULTS_DIR [RESULTS_DIR...]
if (args.Length < 4 || args[0] != "gradebook" || args[1] != "--out")
{
    Console.Error.WriteLine("usage: dotnet run --project reports -- gradebook --out DIR RESULTS_DIR [RESULTS_DIR...]");
    return 2;
}

var rows = GradebookWriter.Collect(args.Skip(3));
GradebookWriter.Write(args[2], rows);
Console.WriteLine($"omistack: gradebook of {rows.Count} students in {args[2]}");
return 0;
