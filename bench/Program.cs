using OmiStack.Bench;
using System.Diagnostics;
using OmiStack.Fixtures.Engine;
using OmiStack.Fixtures.Images;
using OmiStack.Fixtures.Swarm;

// OmiStack benchmarks; results go to docs/benchmarks.md by hand, with the machine they ran on.
//   dotnet run -c Release --project bench -- lab [runs]      3-node Formed lab up (images present) and dispose
//   dotnet run -c Release --project bench -- images-cold     remove the lab images, rebuild them all, time each
//   dotnet run -c Release --project bench -- grade [runs]    grade a converged Lesson 1 lab; the same checks as a shell script with ssh + docker CLI
//   dotnet run -c Release --project bench -- lesson2 [runs]  grade the Lesson 2 reference on a RancherDoubleLab (API double + HAProxy)
//   dotnet run -c Release --project bench -- roster          40 students over 2 labs: concurrency 16 against one after another, peak RSS
var what = args.Length > 0 ? args[0] : "lab";
switch (what)
{
    case "lab":
    {
        var runs = args.Length > 1 ? int.Parse(args[1], System.Globalization.CultureInfo.InvariantCulture) : 5;
        // Warm-up: builds missing images and the seed archive, so the runs measure the lab alone.
        await using (var warm = new SwarmLabBuilder().WithNodeCount(1).WithState(SwarmState.Bare).WithProgress(Console.Out).Build())
        {
            await warm.StartAsync();
        }

        var up = new List<double>();
        var down = new List<double>();
        for (var i = 0; i < runs; i++)
        {
            var lab = new SwarmLabBuilder().WithProgress(TextWriter.Null).Build();
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
        Console.WriteLine(Row("lab up, 3 nodes Formed (images present)", up, "≤ 20 s"));
        Console.WriteLine(Row("lab dispose", down, "≤ 5 s"));
        return 0;
    }

    case "images-cold":
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

    case "lesson2":
        return await Lesson2Benchmark.RunAsync(args.Length > 1 ? int.Parse(args[1], System.Globalization.CultureInfo.InvariantCulture) : 9);

    case "roster":
        return await RosterBenchmark.RunAsync(40, 16);

    case "grade":
        return await GradeBenchmark.RunAsync(args.Length > 1 ? int.Parse(args[1], System.Globalization.CultureInfo.InvariantCulture) : 5);

    default:
        Console.Error.WriteLine("usage: bench lab [runs] | images-cold | grade [runs] | lesson2 [runs] | roster");
        return 2;
}

static string Row(string name, List<double> values, string goal) => Stats.Row(name, values, goal);
