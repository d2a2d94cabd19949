using System.Text.RegularExpressions;
using KissBot.Language;
using KissBot.Tests.Infrastructure;
using Xunit;

namespace KissBot.Tests.Language;

/// <summary>The held-out and dev figures mean something only if no training row is (nearly) one of their sentences.</summary>
public class TrainingDataTests
{
    private static HashSet<string> WordSet(string s) => Regex.Matches(s.ToLowerInvariant(), "[a-z0-9]+").Select(m => m.Value).ToHashSet();

    private static IEnumerable<string> Sentences(string relative) =>
        File.ReadAllLines(Path.Combine(TranscriptFile.TestsRoot(), relative)).Skip(1)
            .Where(l => l.Length > 0 && !l.StartsWith('#')).Select(l => l.Split('\t')[0]);

    [Theory]
    [InlineData("Heldout/intents-heldout.tsv")]
    [InlineData("Heldout/intents-heldout2.tsv")]
    [InlineData("Heldout/intents-heldout3.tsv")]
    [InlineData("Heldout/intents-heldout5.tsv")]
    [InlineData("Heldout/intents-heldout6.tsv")]
    [InlineData("Heldout/intents-heldout7.tsv")]
    [InlineData("Dev/intents-dev.tsv")]
    public void No_training_row_is_within_0_6_word_overlap_of_an_evaluation_sentence(string file)
    {
        var train = IntentClassifier.LoadEmbeddedTrainingData().Select(r => (r.Text, Words: WordSet(r.Text))).ToList();
        var clashes = new List<string>();
        foreach (var sentence in Sentences(file))
        {
            var w = WordSet(sentence);
            foreach (var (text, tw) in train)
            {
                if (string.Equals(text.Trim(), sentence.Trim(), StringComparison.OrdinalIgnoreCase)) { clashes.Add($"{sentence} == {text}"); continue; }
                if (tw.Count < 3) continue;
                var union = tw.Union(w).Count();
                if (union > 0 && (double)tw.Intersect(w).Count() / union >= 0.6) clashes.Add($"{sentence} ~ {text}");
            }
        }
        Assert.True(clashes.Count <= AllowedOlderClashes(file), $"{clashes.Count} training rows nearly equal to {file} sentences:\n" + string.Join("\n", clashes.Take(30)));
    }

    // Pairs left from earlier rounds, written before this check existed (frozen: the count may only go down).
    // Held-out 2 has none: it was written before the round-3 rows, and its few sentences that turned out to repeat
    // an older row were taken out of the evaluation.
    private static int AllowedOlderClashes(string file) => file switch
    {
        "Heldout/intents-heldout.tsv" => 7,
        "Dev/intents-dev.tsv" => 40,
        _ => 0,
    };

    /// <summary>Held-out 4 (FAQ) stays unseen: no knowledge-base question or paraphrase comes within 0.6 word overlap of
    /// one of its questions (its clashing rows were replaced when it was written).</summary>
    [Fact]
    public void No_knowledge_base_paraphrase_is_within_0_6_word_overlap_of_a_held_out_4_question()
    {
        var kb = KissBot.Faq.FaqIndex.LoadEmbedded().SelectMany(e => e.Paraphrases.Prepend(e.Question))
            .Select(t => (Text: t, Words: WordSet(t))).Where(x => x.Words.Count >= 3).ToList();
        var clashes = new List<string>();
        foreach (var sentence in Sentences("Heldout/faq-heldout4.tsv"))
        {
            var w = WordSet(sentence);
            foreach (var (text, tw) in kb)
                if ((double)tw.Intersect(w).Count() / tw.Union(w).Count() >= 0.6) clashes.Add($"{sentence} ~ {text}");
        }
        Assert.True(clashes.Count == 0, $"{clashes.Count} KB paraphrases nearly equal to held-out 4 questions:\n" + string.Join("\n", clashes.Take(30)));
    }
}
