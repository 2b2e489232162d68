namespace Enrichment.Core.Incidents;

/// <summary>
/// Every member of every incident in the book, by fingerprint: where an alert of a batch already belongs. Kept with the
/// book object between updates (never stored) and brought up to date at each lookup rather than built again: a long storm's
/// book holds tens of thousands of members, and an index built for every batch was most of what a worker allocated
/// (a large-object-heap array each time, and a gen 2 collection every second or so; docs/PERFORMANCE.md).
/// <para>
/// It checks itself instead of being told of changes: members are only ever appended to an incident, and a store that
/// reads an incident again hands out a new object, so an incident object it has seen with as many members as it indexed is
/// unchanged, one with more gained the extra ones, and one it has not seen (or that left the book) is added (or dropped)
/// whole. Costs a pass over the incidents, not over their members.
/// </para>
/// </summary>
internal sealed class BookMembers
{
    private readonly Dictionary<string, Places> _places = new(StringComparer.Ordinal);
    private readonly Dictionary<IncidentState, int> _indexed = new(ReferenceEqualityComparer.Instance);

    /// <summary>
    /// The place of <paramref name="fingerprint"/> as of the last <see cref="Synchronize"/>: in an open incident if any
    /// holds it, else in a resolved one; among several alike, the last in the book's order.
    /// </summary>
    public bool TryFind(IncidentBook book, string fingerprint, out (IncidentState Incident, MemberState Member) place)
    {
        if (!_places.TryGetValue(fingerprint, out var places))
        {
            place = default;
            return false;
        }
        if (places.More is null)
        {
            place = places.First;
            return true;
        }
        // A fingerprint in more than one incident (it fired again after its incident resolved): rare, so the book's order is
        // looked up here rather than kept.
        var best = places.First;
        var bestPosition = book.Incidents.IndexOf(best.Incident);
        foreach (var other in places.More)
        {
            var position = book.Incidents.IndexOf(other.Incident);
            if (Better(other.Incident.IsOpen, position, best.Incident.IsOpen, bestPosition))
            {
                best = other;
                bestPosition = position;
            }
        }
        place = best;
        return true;
    }

    /// <summary>Open before resolved, then later in the book; within one incident (an alert twice in one batch) the later member.</summary>
    private static bool Better(bool open, int position, bool bestOpen, int bestPosition) =>
        open != bestOpen ? open : position >= bestPosition;

    /// <summary>Brings the index up to the book's incidents as they are now.</summary>
    public void Synchronize(IncidentBook book)
    {
        var present = new HashSet<IncidentState>(book.Incidents.Count, ReferenceEqualityComparer.Instance);
        foreach (var incident in book.Incidents)
        {
            present.Add(incident);
            var indexed = _indexed.GetValueOrDefault(incident);
            for (var i = indexed; i < incident.Members.Count; i++)
            {
                Add(incident, incident.Members[i]);
            }
            _indexed[incident] = incident.Members.Count;
        }
        if (_indexed.Count == present.Count)
        {
            return;
        }
        foreach (var (gone, count) in _indexed.Where(e => !present.Contains(e.Key)).ToList())
        {
            for (var i = 0; i < count && i < gone.Members.Count; i++)
            {
                Remove(gone, gone.Members[i].Fingerprint);
            }
            _indexed.Remove(gone);
        }
    }

    private void Add(IncidentState incident, MemberState member)
    {
        if (!_places.TryGetValue(member.Fingerprint, out var places))
        {
            _places[member.Fingerprint] = new Places { First = (incident, member) };
            return;
        }
        (places.More ??= []).Add((incident, member));
    }

    private void Remove(IncidentState incident, string fingerprint)
    {
        if (!_places.TryGetValue(fingerprint, out var places))
        {
            return;
        }
        places.More?.RemoveAll(p => ReferenceEquals(p.Incident, incident));
        if (ReferenceEquals(places.First.Incident, incident))
        {
            if (places.More is not { Count: > 0 })
            {
                _places.Remove(fingerprint);
                return;
            }
            // The earliest left first: places stay in the order their members were added.
            places.First = places.More[0];
            places.More.RemoveAt(0);
        }
        if (places.More is { Count: 0 })
        {
            places.More = null;
        }
    }

    private sealed class Places
    {
        public (IncidentState Incident, MemberState Member) First { get; set; }

        public List<(IncidentState Incident, MemberState Member)>? More { get; set; }
    }
}
