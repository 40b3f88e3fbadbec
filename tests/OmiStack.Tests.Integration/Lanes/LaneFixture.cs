using OmiStack.Tests.Shared;

namespace OmiStack.Tests.Integration.Lanes;

/// <summary>
/// An integration fixture that runs in its lane (<see cref="SuitePlan"/>): parallel for NUnit, its turn from
/// <see cref="SuiteLanes"/>. NUnit runs a base class's one-time set-up before the fixture's own and its tear-down
/// after, and the tear-down wherever the set-up began, so the turn covers the fixture's lab from start to removal and
/// is given back even when the fixture's own set-up fails.
/// </summary>
[Parallelizable(ParallelScope.Self)]
public abstract class LaneFixture
{
    private LaneTurn? _turn;

    /// <summary>Waits for the fixture's turn.</summary>
    [OneTimeSetUp]
    public async Task WaitForItsLane()
    {
        _turn = await SuiteLanes.WaitAsync(GetType());
        await TestContext.Progress.WriteLineAsync($"omistack: {_turn.Name} runs in the {_turn.Lane.ToString().ToLowerInvariant()} lane after waiting {_turn.Waited.TotalSeconds:0} s");
    }

    /// <summary>Gives the turn back.</summary>
    [OneTimeTearDown]
    public void LeaveItsLane() => _turn?.Dispose();
}
