using OmiStack.Harness.Targets;

namespace OmiStack.Lessons.Questions;

/// <summary>A student's answers (YAML: student, answers: {question id: text}); see Questions/answers.example.yaml.</summary>
public sealed record Answers(string? Student, IReadOnlyDictionary<string, string> ByQuestion)
{
    /// <summary>Files larger than this are refused.</summary>
    public const long MaxBytes = 256 * 1024;

    /// <summary>Reads an answers file; a bad file is one error naming the problem.</summary>
    public static Answers Load(string path)
    {
        var text = YamlText.ReadFile(path, "Answers file", MaxBytes, (message, inner) => new QuestionsFileException(message, inner));
        var file = YamlText.Deserialize<AnswersFile>(text, Path.GetFileName(path), (message, inner) => new QuestionsFileException(message, inner)) ?? new AnswersFile();
        return new Answers(file.Student, file.Answers);
    }

    private sealed class AnswersFile
    {
        public string? Student { get; set; }

        public Dictionary<string, string> Answers { get; set; } = [];
    }
}
