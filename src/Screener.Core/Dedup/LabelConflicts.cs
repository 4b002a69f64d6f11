namespace Screener.Core.Dedup;

/// <summary>The labels one record of a duplicate group carries: imported ones and human decisions ("TitleAbstract:Include").</summary>
public sealed record GroupMemberLabels(long RecordId, bool? ImportedTitleAbstract, bool? ImportedFinal, IReadOnlyList<string> HumanDecisions);

public sealed record RecordLabel(long RecordId, string Value);

/// <summary>Duplicates that disagree on a label: listed for a person to settle, never resolved silently.</summary>
public sealed record LabelConflict(long KeptRecordId, string Label, IReadOnlyList<RecordLabel> Values);

public static class LabelConflicts
{
    public static IReadOnlyList<LabelConflict> Find(long keptRecordId, IReadOnlyList<GroupMemberLabels> group)
    {
        var conflicts = new List<LabelConflict>();
        Check("imported label_ta", group.Where(m => m.ImportedTitleAbstract is not null)
            .Select(m => new RecordLabel(m.RecordId, m.ImportedTitleAbstract!.Value ? "1" : "0")));
        Check("imported label_final", group.Where(m => m.ImportedFinal is not null)
            .Select(m => new RecordLabel(m.RecordId, m.ImportedFinal!.Value ? "1" : "0")));
        var human = group.SelectMany(m => m.HumanDecisions.Select(d => (m.RecordId, Stage: d.Split(':')[0], Decision: d.Split(':')[^1])));
        foreach (var stage in human.GroupBy(h => h.Stage).OrderBy(g => g.Key, StringComparer.Ordinal))
            Check($"human {stage.Key}", stage.Select(h => new RecordLabel(h.RecordId, h.Decision)));
        return conflicts;

        void Check(string label, IEnumerable<RecordLabel> values)
        {
            var list = values.OrderBy(v => v.RecordId).ToList();
            var differ = list.Select(v => v.Value).Distinct().Count() > 1;
            if (differ && list.Select(v => v.RecordId).Distinct().Count() > 1)
                conflicts.Add(new LabelConflict(keptRecordId, label, list));
        }
    }
}
