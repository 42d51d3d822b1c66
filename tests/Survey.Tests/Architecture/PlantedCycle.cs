// Three namespaces for NamespaceTests: Left and Right use each other (a planted cycle), Left uses Apart one way.
// Right reaches Left only inside a method body, Left reaches Right only through a generic field, so both ways the
// graph reads a use are exercised.
#pragma warning disable CA1812, CA1822, IDE0051, IDE0052 // the types exist to be read, not run
namespace Survey.Tests.Architecture.Planted.Left
{
    internal sealed class PlantedLeft
    {
        private readonly List<Right.PlantedRight> rights = [];
        private readonly Apart.PlantedApart apart = new();
    }
}

namespace Survey.Tests.Architecture.Planted.Right
{
    internal sealed class PlantedRight
    {
        public int Count() => new Left.PlantedLeft().GetHashCode();
    }
}

namespace Survey.Tests.Architecture.Planted.Apart
{
    internal sealed class PlantedApart;
}
