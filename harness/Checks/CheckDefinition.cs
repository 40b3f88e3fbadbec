namespace OmiStack.Harness.Checks;

/// <summary>
/// One gradable task of a lesson. Ids and default points are a contract (see the lesson's issue).
/// <see cref="Expectation"/>, <see cref="Why"/> and <see cref="Hint"/> may hold placeholders
/// such as <c>{registry}</c> that a <see cref="CheckContextText"/> fills from the target.
/// </summary>
public sealed record CheckDefinition(
    string Id,
    int Points,
    string Stage,
    string Lesson,
    string Expectation,
    string Why,
    string Hint);

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
