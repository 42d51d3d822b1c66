using System.Collections.Immutable;
using System.Reflection;
using System.Reflection.Emit;
using System.Reflection.Metadata;
using System.Reflection.Metadata.Ecma335;
using System.Reflection.PortableExecutable;

namespace Survey.Tests.Architecture;

/// <summary>
/// Which namespaces under a root use which, read from the compiled assembly: base types, interfaces, field and
/// method signatures, locals and every type, method or field a method body names (so a <c>using</c> that is never
/// used makes no edge, and a fully qualified name in a body still does). A namespace folds to its first segment
/// below the root (<c>Root.A.B</c> counts as <c>Root.A</c>); compiler-made nested types count as their outer type.
/// </summary>
internal static class NamespaceGraph
{
    private static readonly Dictionary<short, OperandType> Operands = typeof(OpCodes)
        .GetFields(BindingFlags.Public | BindingFlags.Static)
        .Select(f => (OpCode)f.GetValue(null)!)
        .ToDictionary(o => o.Value, o => o.OperandType);

    public static IReadOnlyDictionary<string, IReadOnlySet<string>> Read(string assemblyPath, string root)
    {
        using var stream = File.OpenRead(assemblyPath);
        using var pe = new PEReader(stream);
        var reader = pe.GetMetadataReader();
        var edges = new Dictionary<string, HashSet<string>>(StringComparer.Ordinal);
        foreach (var handle in reader.TypeDefinitions)
        {
            var from = Node(reader, handle, root);
            if (from is null)
            {
                continue;
            }
            var used = new HashSet<TypeDefinitionHandle>();
            UsedBy(reader, pe, handle, used);
            var targets = edges.TryGetValue(from, out var set) ? set : edges[from] = new HashSet<string>(StringComparer.Ordinal);
            foreach (var to in used.Select(u => Node(reader, u, root)).OfType<string>().Where(to => to != from))
            {
                targets.Add(to);
            }
        }
        return edges.ToDictionary(e => e.Key, e => (IReadOnlySet<string>)e.Value, StringComparer.Ordinal);
    }

    /// <summary>Each strongly connected set of two or more namespaces (Tarjan), members sorted, sets sorted.</summary>
    public static IReadOnlyList<IReadOnlyList<string>> Cycles(IReadOnlyDictionary<string, IReadOnlySet<string>> graph)
    {
        var index = new Dictionary<string, int>(StringComparer.Ordinal);
        var low = new Dictionary<string, int>(StringComparer.Ordinal);
        var stack = new Stack<string>();
        var onStack = new HashSet<string>(StringComparer.Ordinal);
        var cycles = new List<IReadOnlyList<string>>();

        void Visit(string node)
        {
            index[node] = low[node] = index.Count;
            stack.Push(node);
            onStack.Add(node);
            foreach (var next in graph.TryGetValue(node, out var targets) ? targets : ImmutableHashSet<string>.Empty)
            {
                if (!index.ContainsKey(next))
                {
                    Visit(next);
                    low[node] = Math.Min(low[node], low[next]);
                }
                else if (onStack.Contains(next) && index.TryGetValue(next, out var seen))
                {
                    low[node] = Math.Min(low[node], seen);
                }
            }
            if (low[node] != index[node])
            {
                return;
            }
            var component = new List<string>();
            string member;
            do
            {
                member = stack.Pop();
                onStack.Remove(member);
                component.Add(member);
            }
            while (member != node);
            if (component.Count > 1)
            {
                component.Sort(StringComparer.Ordinal);
                cycles.Add(component);
            }
        }

        foreach (var node in graph.Keys.Order(StringComparer.Ordinal).Where(n => !index.ContainsKey(n)))
        {
            Visit(node);
        }
        return [.. cycles.OrderBy(c => c[0], StringComparer.Ordinal)];
    }

    /// <summary>Why each edge inside a cycle exists: "A -> B" and the types of A that use B.</summary>
    public static IEnumerable<string> Explain(string assemblyPath, string root, IReadOnlyList<string> cycle)
    {
        using var stream = File.OpenRead(assemblyPath);
        using var pe = new PEReader(stream);
        var reader = pe.GetMetadataReader();
        var why = new SortedDictionary<string, SortedSet<string>>(StringComparer.Ordinal);
        foreach (var handle in reader.TypeDefinitions)
        {
            var from = Node(reader, handle, root);
            if (from is null || !cycle.Contains(from))
            {
                continue;
            }
            var used = new HashSet<TypeDefinitionHandle>();
            UsedBy(reader, pe, handle, used);
            foreach (var target in used)
            {
                var to = Node(reader, target, root);
                if (to is not null && to != from && cycle.Contains(to))
                {
                    var key = $"{from} -> {to}";
                    (why.TryGetValue(key, out var types) ? types : why[key] = new SortedSet<string>(StringComparer.Ordinal))
                        .Add($"{Outer(reader, handle)} uses {Outer(reader, target)}");
                }
            }
        }
        return why.Select(w => $"{w.Key}: {string.Join("; ", w.Value.Take(4))}");
    }

    private static string? Node(MetadataReader reader, TypeDefinitionHandle handle, string root)
    {
        var ns = reader.GetString(reader.GetTypeDefinition(OuterHandle(reader, handle)).Namespace);
        if (ns == root)
        {
            return root;
        }
        if (!ns.StartsWith(root + ".", StringComparison.Ordinal))
        {
            return null;
        }
        var rest = ns[(root.Length + 1)..];
        var dot = rest.IndexOf('.', StringComparison.Ordinal);
        return root + "." + (dot < 0 ? rest : rest[..dot]);
    }

    private static TypeDefinitionHandle OuterHandle(MetadataReader reader, TypeDefinitionHandle handle)
    {
        while (true)
        {
            var outer = reader.GetTypeDefinition(handle).GetDeclaringType();
            if (outer.IsNil)
            {
                return handle;
            }
            handle = outer;
        }
    }

    private static string Outer(MetadataReader reader, TypeDefinitionHandle handle) =>
        reader.GetString(reader.GetTypeDefinition(OuterHandle(reader, handle)).Name);

    private static void UsedBy(MetadataReader reader, PEReader pe, TypeDefinitionHandle handle, HashSet<TypeDefinitionHandle> used)
    {
        var provider = new Collector(used);
        var type = reader.GetTypeDefinition(handle);
        Add(reader, type.BaseType, used, provider);
        foreach (var implementation in type.GetInterfaceImplementations())
        {
            Add(reader, reader.GetInterfaceImplementation(implementation).Interface, used, provider);
        }
        foreach (var field in type.GetFields())
        {
            reader.GetFieldDefinition(field).DecodeSignature(provider, null);
        }
        foreach (var methodHandle in type.GetMethods())
        {
            var method = reader.GetMethodDefinition(methodHandle);
            method.DecodeSignature(provider, null);
            if (method.RelativeVirtualAddress != 0)
            {
                Body(reader, pe.GetMethodBody(method.RelativeVirtualAddress), used, provider);
            }
        }
    }

    private static void Body(MetadataReader reader, MethodBodyBlock body, HashSet<TypeDefinitionHandle> used, Collector provider)
    {
        if (!body.LocalSignature.IsNil)
        {
            reader.GetStandaloneSignature(body.LocalSignature).DecodeLocalSignature(provider, null);
        }
        var il = body.GetILReader();
        while (il.RemainingBytes > 0)
        {
            short code = il.ReadByte();
            if (code == 0xFE)
            {
                code = unchecked((short)(0xFE00 | il.ReadByte()));
            }
            switch (Operands[code])
            {
                case OperandType.InlineNone:
                    break;
                case OperandType.ShortInlineBrTarget or OperandType.ShortInlineI or OperandType.ShortInlineVar:
                    il.Offset += 1;
                    break;
                case OperandType.InlineVar:
                    il.Offset += 2;
                    break;
                case OperandType.InlineI8 or OperandType.InlineR:
                    il.Offset += 8;
                    break;
                case OperandType.InlineSwitch:
                    // Read the count first: in "il.Offset += 4 * il.ReadInt32()" the offset is read before the count moves it.
                    var targets = il.ReadInt32();
                    il.Offset += 4 * targets;
                    break;
                case OperandType.InlineType or OperandType.InlineTok or OperandType.InlineMethod or OperandType.InlineField:
                    Add(reader, MetadataTokens.EntityHandle(il.ReadInt32()), used, provider);
                    break;
                default:
                    il.Offset += 4;
                    break;
            }
        }
    }

    private static void Add(MetadataReader reader, EntityHandle handle, HashSet<TypeDefinitionHandle> used, Collector provider)
    {
        if (handle.IsNil)
        {
            return;
        }
        switch (handle.Kind)
        {
            case HandleKind.TypeDefinition:
                used.Add((TypeDefinitionHandle)handle);
                break;
            case HandleKind.TypeSpecification:
                reader.GetTypeSpecification((TypeSpecificationHandle)handle).DecodeSignature(provider, null);
                break;
            case HandleKind.FieldDefinition:
                used.Add(reader.GetFieldDefinition((FieldDefinitionHandle)handle).GetDeclaringType());
                break;
            case HandleKind.MethodDefinition:
                used.Add(reader.GetMethodDefinition((MethodDefinitionHandle)handle).GetDeclaringType());
                break;
            case HandleKind.MemberReference:
                var member = reader.GetMemberReference((MemberReferenceHandle)handle);
                Add(reader, member.Parent, used, provider);
                if (member.GetKind() == MemberReferenceKind.Method)
                {
                    member.DecodeMethodSignature(provider, null);
                }
                else
                {
                    member.DecodeFieldSignature(provider, null);
                }
                break;
            case HandleKind.MethodSpecification:
                var specification = reader.GetMethodSpecification((MethodSpecificationHandle)handle);
                Add(reader, specification.Method, used, provider);
                specification.DecodeSignature(provider, null);
                break;
        }
    }

    /// <summary>Decodes signatures only to note the assembly's own types they name.</summary>
    private sealed class Collector(HashSet<TypeDefinitionHandle> used) : ISignatureTypeProvider<int, object?>
    {
        public int GetTypeFromDefinition(MetadataReader metadata, TypeDefinitionHandle handle, byte rawTypeKind)
        {
            used.Add(handle);
            return 0;
        }

        public int GetTypeFromReference(MetadataReader metadata, TypeReferenceHandle handle, byte rawTypeKind) => 0;
        public int GetTypeFromSpecification(MetadataReader metadata, object? genericContext, TypeSpecificationHandle handle, byte rawTypeKind) =>
            metadata.GetTypeSpecification(handle).DecodeSignature(this, genericContext);
        public int GetSZArrayType(int elementType) => 0;
        public int GetArrayType(int elementType, ArrayShape shape) => 0;
        public int GetByReferenceType(int elementType) => 0;
        public int GetPointerType(int elementType) => 0;
        public int GetPinnedType(int elementType) => 0;
        public int GetGenericInstantiation(int genericType, ImmutableArray<int> typeArguments) => 0;
        public int GetGenericMethodParameter(object? genericContext, int index) => 0;
        public int GetGenericTypeParameter(object? genericContext, int index) => 0;
        public int GetModifiedType(int modifier, int unmodifiedType, bool isRequired) => 0;
        public int GetFunctionPointerType(MethodSignature<int> signature) => 0;
        public int GetPrimitiveType(PrimitiveTypeCode typeCode) => 0;
    }
}
