using FluentAssertions;
using OmiStack.Harness.Targets;

namespace OmiStack.Tests.Unit.Targets;

/// <summary>A roster split over CI jobs: every student in exactly one shard, the shard told by OMISTACK_SHARD or by GitLab's parallel jobs.</summary>
public sealed class RosterShardTests
{
    private static readonly IReadOnlyList<RosterEntry> Students = [.. Enumerable.Range(0, 200).Select(i => new RosterEntry($"s{i:000000}", null, "not used here"))];

    [Test]
    public void Four_shards_hold_every_student_once()
    {
        var shards = Enumerable.Range(1, 4).Select(i => Roster.Shard(Students, $"{i}/4")).ToList();

        shards.SelectMany(s => s).Select(e => e.Student).Should().BeEquivalentTo(Students.Select(e => e.Student)).And.OnlyHaveUniqueItems();
        shards.Should().OnlyContain(s => s.Count > 20, "the hash spreads students over the shards");
    }

    [TestCase("2", "4", "2/4")]
    [TestCase("1", "1", null)]
    [TestCase(null, "4", null)]
    [TestCase(null, null, null)]
    public void GitLabs_parallel_jobs_give_the_shard(string? index, string? total, string? shard)
    {
        var environment = new Dictionary<string, string?> { ["CI_NODE_INDEX"] = index, ["CI_NODE_TOTAL"] = total };

        Roster.CiShard(name => environment.GetValueOrDefault(name)).Should().Be(shard);
    }

    [Test]
    public void A_shard_that_cannot_be_used_is_refused_naming_the_form()
    {
        var act = () => Roster.Shard(Students, "5/4");

        act.Should().Throw<TargetFileException>().WithMessage("Shard '5/4' must be i/n with 1 <= i <= n, e.g. 2/4.");
    }
}
