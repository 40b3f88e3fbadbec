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
    public static IReadOnlyList<Check> All => [.. Lesson1.Lesson1Checks.All, .. Questions.QuestionChecks.All];

    /// <summary>A check by id.</summary>
    public static Check ById(string id) => All.FirstOrDefault(c => c.Id == id) ?? throw new KeyNotFoundException($"No check '{id}'.");
}
