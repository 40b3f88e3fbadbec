using YamlDotNet.Core;
using YamlDotNet.Serialization;
using YamlDotNet.Serialization.NamingConventions;

namespace OmiStack.Checks.Questions;

/// <summary>A student's answers (YAML: student, answers: {question id: text}); see Questions/answers.example.yaml.</summary>
public sealed record Answers(string? Student, IReadOnlyDictionary<string, string> ByQuestion)
{
    /// <summary>Reads an answers file; a bad file is one error naming the problem.</summary>
    public static Answers Load(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        if (!File.Exists(path))
        {
            throw new QuestionsFileException($"Answers file '{path}' does not exist.");
        }

        try
        {
            var file = new DeserializerBuilder().WithNamingConvention(CamelCaseNamingConvention.Instance).Build().Deserialize<AnswersFile>(File.ReadAllText(path)) ?? new AnswersFile();
            return new Answers(file.Student, file.Answers);
        }
        catch (YamlException ex)
        {
            throw new QuestionsFileException($"{Path.GetFileName(path)} line {ex.Start.Line}: {ex.InnerException?.Message ?? ex.Message}", ex);
        }
    }

    private sealed class AnswersFile
    {
        public string? Student { get; set; }

        public Dictionary<string, string> Answers { get; set; } = [];
    }
}

/// <summary>
/// The instructor's overrides: points per student and question check, for answers that need review
/// (YAML: <c>s123456: { questions.swarm-terms: 4 }</c>).
/// </summary>
public sealed record ReviewOverrides(IReadOnlyDictionary<string, IReadOnlyDictionary<string, decimal>> ByStudent)
{
    /// <summary>No overrides.</summary>
    public static readonly ReviewOverrides None = new(new Dictionary<string, IReadOnlyDictionary<string, decimal>>());

    /// <summary>The overridden points of a student's check, if any.</summary>
    public decimal? For(string student, string checkId) =>
        ByStudent.TryGetValue(student, out var checks) && checks.TryGetValue(checkId, out var points) ? points : null;

    /// <summary>Reads an override file.</summary>
    public static ReviewOverrides Load(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        if (!File.Exists(path))
        {
            throw new QuestionsFileException($"Override file '{path}' does not exist.");
        }

        try
        {
            var map = new DeserializerBuilder().Build().Deserialize<Dictionary<string, Dictionary<string, decimal>>>(File.ReadAllText(path)) ?? [];
            return new ReviewOverrides(map.ToDictionary(kv => kv.Key, kv => (IReadOnlyDictionary<string, decimal>)kv.Value));
        }
        catch (YamlException ex)
        {
            throw new QuestionsFileException($"{Path.GetFileName(path)} line {ex.Start.Line}: {ex.InnerException?.Message ?? ex.Message}", ex);
        }
    }
}
