using OmiStack.Fixtures.Lesson1;
using OmiStack.Fixtures.Nodes;

namespace OmiStack.Tests.Integration.Lesson1;

/// <summary>
/// A Bare lab brought to the lesson's final stage by the reference solution: what the final-stage
/// fixtures (faults, rosters, grading platforms) grade. Disposing it removes the lab.
/// </summary>
internal sealed class SolvedLab : IAsyncDisposable
{
    private SolvedLab(NodeLab lab, Lesson1Reference reference)
    {
        Lab = lab;
        Reference = reference;
    }

    /// <summary>The lab's nodes, target file, key, known_hosts and CA.</summary>
    public NodeLab Lab { get; }

    /// <summary>The lesson's own steps on it (to undo a fault, or to reach a stage again).</summary>
    public Lesson1Reference Reference { get; }

    /// <summary>Starts a Bare lab and applies the reference solution up to the final stage.</summary>
    public static async Task<SolvedLab> StartAsync()
    {
        var lab = new NodeLabBuilder().WithState(SwarmState.Bare).WithProgress(TestContext.Progress).Build();
        await lab.StartAsync();
        var reference = new Lesson1Reference(lab);
        await reference.ReachAsync(Lesson1Stage.Final);
        return new SolvedLab(lab, reference);
    }

    /// <summary>
    /// Roster YAML for the lab's nodes, as a list under a student's 'nodes:' (every student of a roster
    /// may share one solved lab: grading is read-only).
    /// </summary>
    public string NodesYaml() =>
        string.Join("\n", Lab.Nodes.Select(n => $"      - {{ name: {n.Name}, address: 127.0.0.1, ports: {{ 22: {n.PortFor(22)}, 80: {n.PortFor(80)}, 5000: {n.PortFor(5000)} }} }}"));

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        Reference.Dispose();
        await Lab.DisposeAsync();
    }
}
