using FluentAssertions;
using OmiStack.Engine;

namespace OmiStack.Tests.Unit.Grading;

/// <summary>How `omistack rounds` reads its times: durations within bounds, the session's end as HH:mm or ISO 8601.</summary>
public sealed class RoundsOptionsTests
{
    [TestCase("5m", 300)]
    [TestCase("90s", 90)]
    [TestCase("1.5m", 90)]
    [TestCase("00:05:00", 300)]
    [TestCase("1h", 3600)]
    public void A_duration_is_read_in_seconds_minutes_hours_or_as_a_time_span(string text, int seconds) =>
        RoundsOptions.Duration(text, TimeSpan.FromSeconds(10), TimeSpan.FromHours(1)).Should().Be(TimeSpan.FromSeconds(seconds));

    [TestCase("5s")]
    [TestCase("2h")]
    [TestCase("-5m")]
    [TestCase("NaNm")]
    [TestCase("five minutes")]
    [TestCase("")]
    public void A_duration_outside_the_bounds_or_not_one_is_refused(string text) =>
        RoundsOptions.Duration(text, TimeSpan.FromSeconds(10), TimeSpan.FromHours(1)).Should().BeNull();

    [Test]
    public void The_end_is_today_at_that_time_here_or_an_iso_time()
    {
        var now = new DateTimeOffset(2026, 12, 2, 9, 0, 0, TimeSpan.Zero);

        RoundsOptions.End("2026-12-02T12:30:00+01:00", now).Should().Be(new DateTimeOffset(2026, 12, 2, 12, 30, 0, TimeSpan.FromHours(1)));
        var local = RoundsOptions.End("12:30", now)!.Value;
        (local.Hour, local.Minute).Should().Be((12, 30));
        DateOnly.FromDateTime(local.DateTime).Should().Be(DateOnly.FromDateTime(now.ToLocalTime().DateTime));
        RoundsOptions.End("half past twelve", now).Should().BeNull();
    }
}
