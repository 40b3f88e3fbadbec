namespace OmiStack.Bench;

internal static class Stats
{
    public static double Median(List<double> values) => values.Order().ElementAt(values.Count / 2);

    public static string Row(string name, List<double> values, string goal)
    {
        var sorted = values.Order().ToList();
        return $"| {name} | {values.Count} | {sorted[0]:0.000} s | {sorted[sorted.Count / 2]:0.000} s | {sorted[^1]:0.000} s | {goal} |";
    }
}
