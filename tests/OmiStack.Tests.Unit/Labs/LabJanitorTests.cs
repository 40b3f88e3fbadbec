using FluentAssertions;
using OmiStack.Fixtures.Labs;

namespace OmiStack.Tests.Unit.Labs;

public sealed class LabJanitorTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 25, 12, 0, 0, TimeSpan.Zero);

    [Test]
    public void A_run_of_this_living_process_is_not_abandoned()
    {
        LabJanitor.IsAbandoned(Labels(Now), Now, includeKept: false).Should().BeFalse();
    }

    [Test]
    public void A_run_older_than_the_maximum_age_is_abandoned_whoever_owns_it()
    {
        LabJanitor.IsAbandoned(Labels(Now - LabJanitor.MaxAge - TimeSpan.FromMinutes(1)), Now, includeKept: false).Should().BeTrue();
    }

    [Test]
    public void A_run_whose_owner_on_this_machine_is_gone_is_abandoned()
    {
        var labels = Labels(Now);
        labels[LabLabels.OwnerPid] = int.MaxValue.ToString(System.Globalization.CultureInfo.InvariantCulture);

        LabJanitor.IsAbandoned(labels, Now, includeKept: false).Should().BeTrue();
    }

    [Test]
    public void A_kept_practice_lab_is_pruned_only_when_asked()
    {
        var labels = Labels(Now - TimeSpan.FromDays(3), keep: true);

        LabJanitor.IsAbandoned(labels, Now, includeKept: false).Should().BeFalse();
        LabJanitor.IsAbandoned(labels, Now, includeKept: true).Should().BeTrue();
    }

    private static Dictionary<string, string> Labels(DateTimeOffset created, bool keep = false) =>
        new(LabLabels.For("run1", "swarm", created, keep));
}
