using System.Diagnostics;
using OmiStack.Fixtures.Engine;
using OmiStack.Fixtures.Images;
using OmiStack.Fixtures.Nodes;

namespace OmiStack.Bench;

/// <summary>A 3-node Formed lab up (images present) and disposed; a cold build of every lab image.</summary>
public static class LabBenchmark
{
    /// <summary>Lab up and dispose, <paramref name="runs"/> times after a warm-up.</summary>
    public static async Task<int> RunAsync(int runs)
    {
        // Warm-up: builds missing images and the seed archive, so the runs measure the lab alone.
        await using (var warm = new NodeLabBuilder().WithNodeCount(1).WithState(SwarmState.Bare).WithProgress(Console.Out).Build())
        {
            await warm.StartAsync();
        }

        var up = new List<double>();
        var down = new List<double>();
        for (var i = 0; i < runs; i++)
        {
            var lab = new NodeLabBuilder().WithProgress(TextWriter.Null).Build();
            var clock = Stopwatch.StartNew();
            await lab.StartAsync();
            up.Add(clock.Elapsed.TotalSeconds);
            clock.Restart();
            await lab.DisposeAsync();
            down.Add(clock.Elapsed.TotalSeconds);
            Console.WriteLine($"run {i + 1}: up {up[^1]:0.00} s, dispose {down[^1]:0.00} s");
        }

        Console.WriteLine();
        Console.WriteLine("| measure | runs | min | median | max | goal |");
        Console.WriteLine("|---|---|---|---|---|---|");
        Console.WriteLine(Stats.Row("lab up, 3 nodes Formed (images present)", up, "≤ 20 s"));
        Console.WriteLine(Stats.Row("lab dispose", down, "≤ 5 s"));
        return 0;
    }

    /// <summary>Removes the lab images and builds them all again, timed.</summary>
    public static async Task<int> ImagesColdAsync()
    {
        using var engine = await DockerEngine.ConnectAsync();
        var source = LabImageBuilder.Resolve(ImageSource.Auto, engine);
        var images = Enum.GetValues<LabImageRole>().Select(r => new LabImage(r, source)).ToList();
        foreach (var image in images)
        {
            try
            {
                await engine.Client.Images.DeleteImageAsync(image.Tag, new Docker.DotNet.Models.ImageDeleteParameters { Force = true });
            }
            catch (Docker.DotNet.DockerImageNotFoundException)
            {
                // Already cold.
            }
        }

        var clock = Stopwatch.StartNew();
        await LabImageBuilder.EnsureAsync(engine, images, Console.Out);
        Console.WriteLine($"| cold build of all lab images ({source}) | 1 | {clock.Elapsed.TotalSeconds:0} s |");
        return 0;
    }
}
