// Students are graded in parallel (a fixture per student; the checks of one student run in order).
// Grading is I/O-bound: 16 students at a time by default; runsettings NUnit.NumberOfTestWorkers overrides.
[assembly: LevelOfParallelism(16)]
