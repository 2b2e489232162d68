using System.Xml.Linq;
using Microsoft.AspNetCore.DataProtection.Repositories;

namespace Enrichment.WebConsole.Security;

/// <summary>
/// The data protection keys of a gateway without Redis: in process memory, so nothing is written to disk (a container's
/// file system may be read-only, and keys on disk would sit there unencrypted). A restart signs every console out.
/// </summary>
internal sealed class MemoryKeyRing : IXmlRepository
{
    private readonly Lock _gate = new();
    private readonly List<XElement> _elements = [];

    public IReadOnlyCollection<XElement> GetAllElements()
    {
        lock (_gate)
        {
            return _elements.Select(e => new XElement(e)).ToList();
        }
    }

    public void StoreElement(XElement element, string friendlyName)
    {
        lock (_gate)
        {
            _elements.Add(new XElement(element));
        }
    }
}
