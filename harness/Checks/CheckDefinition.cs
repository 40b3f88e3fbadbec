namespace OmiStack.Harness.Checks;

/// <summary>
/// One gradable task of a lesson. Ids and default points are a contract (see the lesson's issue).
/// <see cref="Expectation"/>, <see cref="Why"/> and <see cref="Hint"/> may hold placeholders
/// such as <c>{registry}</c> that a <see cref="CheckContextText"/> fills from the target.
/// </summary>
/// <remarks>
/// Every part is named where a check is declared (<c>new() { Id = ..., Expectation = ..., Why = ..., Hint = ... }</c>):
/// the three texts are all strings, and a positional list would let two of them be swapped without a word.
/// </remarks>
public sealed record CheckDefinition
{
    /// <summary>The check's id, lesson-qualified by convention ("swarm.nodes"); a filter and a rubric name it.</summary>
    public required string Id { get; init; }

    /// <summary>The check's default points (a rubric may give others).</summary>
    public required int Points { get; init; }

    /// <summary>The lesson's stage the check is graded at ("setup", "final", ...).</summary>
    public required string Stage { get; init; }

    /// <summary>The lesson the check belongs to ("lesson1", "questions", ...).</summary>
    public required string Lesson { get; init; }

    /// <summary>What passes, as the check's title after its id ("every node to answer over SSH ...").</summary>
    public required string Expectation { get; init; }

    /// <summary>Why: the lesson sheet's step the check stands for.</summary>
    public required string Why { get; init; }

    /// <summary>What to do when it fails: the sheet's commands for that step.</summary>
    public required string Hint { get; init; }
}

/// <summary>Fills the placeholders of check texts from the target (e.g. {registry}).</summary>
public sealed record CheckContextText(IReadOnlyDictionary<string, string> Values)
{
    /// <summary>No placeholders.</summary>
    public static readonly CheckContextText Empty = new(new Dictionary<string, string>());

    /// <summary>The text with every {name} replaced.</summary>
    public string Fill(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        foreach (var (name, value) in Values)
        {
            text = text.Replace("{" + name + "}", value, StringComparison.Ordinal);
        }

        return text;
    }
}
