using FluentAssertions;
using OmiStack.Reports.Docs;

namespace OmiStack.Tests.Unit.Docs;

/// <summary>The book of failures the tests produce: a ledger line that cannot be used is an error naming its file and line.</summary>
public sealed class FailureBookTests
{
    [TestCase("{\"check\":\"swarm.nodes\",\"verdict\":\"fail\",\"message\":\"m\",\"scenario\":\"s\",\"test\":\"t\",\"suite\":\"unit\"}", "hint")]
    [TestCase("{\"check\":null,\"verdict\":\"fail\",\"message\":\"m\",\"hint\":\"h\",\"scenario\":\"s\",\"test\":\"t\",\"suite\":\"unit\"}", "check")]
    [TestCase("{\"check\":\"swarm.nodes\",", "")]
    public void A_ledger_line_missing_a_field_or_cut_short_is_an_error_naming_its_file_and_line(string bad, string field)
    {
        var folder = Directory.CreateTempSubdirectory("omistack-ledger-");
        try
        {
            var good = "{\"check\":\"swarm.nodes\",\"verdict\":\"fail\",\"message\":\"m\",\"hint\":\"h\",\"scenario\":\"s\",\"test\":\"t\",\"suite\":\"unit\"}";
            var file = Path.Combine(folder.FullName, "unit-1.jsonl");
            File.WriteAllLines(file, [good, bad]);

            var act = () => FailureBook.Empty.With(folder.FullName);

            act.Should().Throw<InvalidDataException>().WithMessage($"{file}:2: not a failure ledger line*{field}*");
        }
        finally
        {
            folder.Delete(recursive: true);
        }
    }
}
