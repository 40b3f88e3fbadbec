using FluentAssertions;
using OmiStack.Tests.Shared;

namespace OmiStack.Tests.Unit.Suite;

/// <summary>The integration suite's lanes: who runs beside whom on two cores, in what order.</summary>
public sealed class LaneSchedulerTests
{
    [Test]
    public async Task Two_clock_fixtures_never_run_at_once_and_a_free_one_takes_the_other_core()
    {
        var lanes = new LaneScheduler(cores: 2);
        lanes.Open();

        var faults = lanes.WaitAsync("faults", Lane.Clock, 0);
        var rounds = lanes.WaitAsync("rounds", Lane.Clock, 1);
        var packs = lanes.WaitAsync("packs", Lane.Free, 2);

        (await faults).Name.Should().Be("faults");
        (await packs).Name.Should().Be("packs");
        rounds.IsCompleted.Should().BeFalse("the clock place is taken, though a core is not");
        lanes.Running.Should().BeEquivalentTo(["faults", "packs"]);

        (await faults).Dispose();
        (await rounds).Name.Should().Be("rounds");
        lanes.Running.Should().BeEquivalentTo(["rounds", "packs"]);
    }

    [Test]
    public async Task The_first_turns_go_by_order_once_the_fixtures_expected_at_once_have_asked()
    {
        var lanes = new LaneScheduler(cores: 2);
        lanes.ExpectAtOnce(3);

        var docs = lanes.WaitAsync("docs", Lane.Free, 5);
        var browsers = lanes.WaitAsync("browsers", Lane.Free, 4);
        docs.IsCompleted.Should().BeFalse("no turn is given before the fixtures expected at once have asked");
        var faults = lanes.WaitAsync("faults", Lane.Clock, 0);

        await Task.WhenAll(faults, browsers);
        docs.IsCompleted.Should().BeFalse("the two first in order took both cores, though it asked first");
        (await browsers).Dispose();
        (await docs).Name.Should().Be("docs");
    }

    [Test]
    public async Task Nothing_passes_an_alone_fixture_the_machine_drains_for_it()
    {
        var lanes = new LaneScheduler(cores: 2);
        lanes.Open();
        var faults = await lanes.WaitAsync("faults", Lane.Clock, 0);
        var packs = await lanes.WaitAsync("packs", Lane.Free, 1);

        var vms = lanes.WaitAsync("vms", Lane.Alone, 2);
        var docs = lanes.WaitAsync("docs", Lane.Free, 3);
        packs.Dispose();

        docs.IsCompleted.Should().BeFalse("a core is free, but the alone fixture before it waits for the whole machine");
        vms.IsCompleted.Should().BeFalse();
        faults.Dispose();
        (await vms).Name.Should().Be("vms");
        lanes.Running.Should().Equal("vms");
        docs.IsCompleted.Should().BeFalse("the alone fixture has every core");

        (await vms).Dispose();
        (await docs).Name.Should().Be("docs");
    }

    [Test]
    public async Task A_turn_given_back_twice_frees_its_core_once()
    {
        var lanes = new LaneScheduler(cores: 2);
        lanes.Open();
        var first = await lanes.WaitAsync("first", Lane.Free, 0);
        var second = await lanes.WaitAsync("second", Lane.Free, 1);
        var third = lanes.WaitAsync("third", Lane.Free, 2);
        var fourth = lanes.WaitAsync("fourth", Lane.Free, 3);

        first.Dispose();
        first.Dispose();

        (await third).Name.Should().Be("third");
        fourth.IsCompleted.Should().BeFalse("the second dispose gave back nothing: two cores, two turns held");
        second.Dispose();
        (await fourth).Name.Should().Be("fourth");
    }

    [Test]
    public async Task A_cancelled_wait_leaves_the_line_without_a_turn()
    {
        var lanes = new LaneScheduler(cores: 2);
        lanes.Open();
        var vms = await lanes.WaitAsync("vms", Lane.Alone, 0);
        using var cancel = new CancellationTokenSource();
        var docs = lanes.WaitAsync("docs", Lane.Free, 1, cancel.Token);

        await cancel.CancelAsync();

        await docs.Invoking(d => d).Should().ThrowAsync<OperationCanceledException>();
        vms.Dispose();
        lanes.Running.Should().BeEmpty("the cancelled fixture never ran");
    }
}
