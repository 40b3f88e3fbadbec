using NUnit.Framework.Interfaces;
using NUnit.Framework.Internal;
using OmiStack.Harness.Checks;

namespace OmiStack.Checks.Grading;

/// <summary>
/// Marks an NUnit test as one check: names the test by the check id and carries its id, points,
/// stage and lesson as properties, so NUnit filters select by them (e.g. --filter Stage=final).
/// </summary>
[AttributeUsage(AttributeTargets.Method)]
public sealed class CheckAttribute : NUnitAttribute, IApplyToTest
{
    public CheckAttribute(string id)
    {
        Id = id;
    }

    /// <summary>The check id.</summary>
    public string Id { get; }

    /// <inheritdoc />
    public void ApplyToTest(NUnit.Framework.Internal.Test test)
    {
        ArgumentNullException.ThrowIfNull(test);
        var definition = Catalog.ById(Id).Definition;
        test.Properties.Add("Id", definition.Id);
        test.Properties.Add("Points", definition.Points);
        test.Properties.Add("Stage", definition.Stage);
        test.Properties.Add("Lesson", definition.Lesson);
        test.Properties.Add(PropertyNames.Category, definition.Lesson);
    }
}

/// <summary>Every lesson's checks.</summary>
public static class Catalog
{
    /// <summary>All checks of all lessons.</summary>
    public static IReadOnlyList<Check> All => [.. Lesson1.Lesson1Checks.All, .. Lesson2.Lesson2Checks.All, .. Questions.QuestionChecks.All];

    /// <summary>The values every lesson's check texts name, from the target.</summary>
    public static CheckContextText TextFor(Harness.Targets.Target target)
    {
        var values = new Dictionary<string, string>(Lesson1.Lesson1Checks.TextFor(target).Values);
        foreach (var (name, value) in Lesson2.Lesson2Checks.TextValues(target))
        {
            values[name] = value;
        }

        return new CheckContextText(values);
    }

    /// <summary>
    /// Whether a target is graded on a lesson: Lesson 1 where it lists nodes, Lesson 2 where it has a
    /// rancher section, the questions always.
    /// </summary>
    public static bool Describes(Harness.Targets.Target target, string lesson) => lesson switch
    {
        Lesson1.Lesson1Checks.Lesson => target.Nodes.Count > 0,
        Lesson2.Lesson2Checks.Lesson => target.Rancher is not null,
        _ => true,
    };

    /// <summary>A check by id.</summary>
    public static Check ById(string id) => All.FirstOrDefault(c => c.Id == id) ?? throw new KeyNotFoundException($"No check '{id}'.");
}
