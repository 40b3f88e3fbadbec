using System.Text.RegularExpressions;
using OmiStack.Harness.Checks;
using OmiStack.Harness.Targets;

namespace OmiStack.Lessons.Questions;

/// <summary>What to do with an answer that matches some but not all of what the key expects.</summary>
public enum OnMismatch
{
    /// <summary>A human judges it (override file).</summary>
    Review,

    /// <summary>It fails.</summary>
    Fail,
}

/// <summary>One question of an answer key.</summary>
public sealed record KeyQuestion(string Id, int Points, string Question, OnMismatch OnMismatch, IReadOnlyList<IReadOnlyList<Regex>> Expect)
{
    /// <summary>The check id: questions.ID.</summary>
    public string CheckId => "questions." + Id;

    /// <summary>The question as a check (stage "questions").</summary>
    public CheckDefinition Definition => new()
    {
        Id = CheckId, Points = Points, Stage = QuestionChecks.Lesson, Lesson = QuestionChecks.Lesson,
        Expectation = $"an answer to: {Question}",
        Why = "the lesson asks it",
        Hint = "write the answer into your answers file (see docs/students/answers.md)",
    };

    /// <summary>Judges an answer.</summary>
    public Judgement Judge(string? answer)
    {
        var text = Regex.Replace(answer ?? "", @"\s+", " ").Trim();
        if (text.Length == 0)
        {
            return Judgement.Fail("no answer");
        }

        var matched = Expect.Count(group => group.Any(pattern => pattern.IsMatch(text)));
        if (matched == Expect.Count)
        {
            return Judgement.Pass($"the answer covers all {Expect.Count} expected point(s)");
        }

        var found = $"the answer covers {matched} of {Expect.Count} expected point(s)";
        return OnMismatch == OnMismatch.Review ? Judgement.NeedsReview(found) : Judgement.Fail(found).WithParts(matched, Expect.Count);
    }
}

/// <summary>An instructor's answer key (YAML; see Questions/answer-key.example.yaml).</summary>
public sealed record AnswerKey(IReadOnlyList<KeyQuestion> Questions)
{
    /// <summary>The key shipped with OmiStack for this lesson (instructors should adapt it).</summary>
    public static string ExamplePath => Path.Combine(AppContext.BaseDirectory, "Questions", "answer-key.example.yaml");

    /// <summary>Reads a key; a bad file is one error naming the problem.</summary>
    public static AnswerKey Load(string path)
    {
        var text = YamlText.ReadFile(path, "Answer key", 256 * 1024, (message, inner) => new QuestionsFileException(message, inner));
        var file = YamlText.Deserialize<KeyFile>(text, Path.GetFileName(path), (message, inner) => new QuestionsFileException(message, inner)) ?? new KeyFile();

        var questions = new List<KeyQuestion>();
        foreach (var q in file.Questions)
        {
            if (string.IsNullOrWhiteSpace(q.Id) || !Regex.IsMatch(q.Id, "^[a-z0-9-]+$"))
            {
                throw new QuestionsFileException($"{Path.GetFileName(path)}: question id '{q.Id}' must be lower-case letters, digits and '-'.");
            }

            try
            {
                questions.Add(new KeyQuestion(
                    q.Id,
                    q.Points,
                    q.Question,
                    q.OnMismatch,
                    [.. q.Expect.Select(g => (IReadOnlyList<Regex>)[.. g.Select(p => new Regex(p, RegexOptions.IgnoreCase | RegexOptions.CultureInvariant, TimeSpan.FromSeconds(1)))])]));
            }
            catch (ArgumentException ex)
            {
                throw new QuestionsFileException($"{Path.GetFileName(path)}: question '{q.Id}' has a pattern that is not a regular expression: {ex.Message}", ex);
            }
        }

        return new AnswerKey(questions);
    }

    private sealed class KeyFile
    {
        public string Lesson { get; set; } = "questions";

        public List<QuestionEntry> Questions { get; set; } = [];
    }

    private sealed class QuestionEntry
    {
        public string Id { get; set; } = "";

        public int Points { get; set; }

        public string Question { get; set; } = "";

        public OnMismatch OnMismatch { get; set; } = OnMismatch.Review;

        public List<List<string>> Expect { get; set; } = [];
    }
}

/// <summary>An answers, key or override file that cannot be used.</summary>
public sealed class QuestionsFileException : OmiStack.Harness.Scoring.RunCannotStartException
{
    /// <summary>A file that cannot be used; <paramref name="message"/> names the file and the cause.</summary>
    public QuestionsFileException(string message, Exception? inner = null)
        : base(message, inner)
    {
    }
}
