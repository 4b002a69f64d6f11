using System.Collections.Immutable;
using System.Reflection.Emit;
using System.Reflection.Metadata;
using System.Reflection.Metadata.Ecma335;
using System.Reflection.PortableExecutable;

namespace Screener.Core.Tests.Architecture;

/// <summary>
/// Which Core feature folder uses which, read from the compiled assembly rather than the source's usings: base
/// types, interfaces, fields, properties, method signatures, locals and every type or member token in the method
/// bodies. Compiler-made types (lambda closures, async and iterator state machines, expression trees) are nested in
/// the type that wrote them, so their uses count for that type's folder.
/// </summary>
public static class FolderDependencies
{
    private const string CorePrefix = "Screener.Core.";

    /// <summary>Edges folder -> folders it uses, with one example use for each edge (for the failure message).</summary>
    public static IReadOnlyDictionary<string, IReadOnlyDictionary<string, string>> Read(string assemblyPath)
    {
        var edges = new Dictionary<string, Dictionary<string, string>>(StringComparer.Ordinal);
        foreach (var use in Uses(assemblyPath))
        {
            if (!edges.TryGetValue(use.FromFolder, out var targets)) edges[use.FromFolder] = targets = new(StringComparer.Ordinal);
            if (use.ToFolder != use.FromFolder) targets.TryAdd(use.ToFolder, $"{use.FromType} uses {use.ToType}");
        }
        return edges.ToDictionary(e => e.Key, e => (IReadOnlyDictionary<string, string>)e.Value, StringComparer.Ordinal);
    }

    /// <summary>Every use of a Core folder's type by a type in a Core folder.</summary>
    public static IReadOnlyList<FolderUse> Uses(string assemblyPath)
    {
        using var stream = File.OpenRead(assemblyPath);
        using var pe = new PEReader(stream);
        var reader = pe.GetMetadataReader();
        var signatures = new FolderSignatureProvider(reader);
        var uses = new List<FolderUse>();
        foreach (var handle in reader.TypeDefinitions)
        {
            if (FolderOf(reader, handle) is not { } from) continue;
            var name = TypeName(reader, handle);
            foreach (var used in UsesOf(reader, pe, handle, signatures).SelectMany(u => u).Distinct())
                if (FolderOf(reader, used) is { } to) uses.Add(new FolderUse(from, name, to, TypeName(reader, used)));
        }
        return uses;
    }

    /// <summary>The first namespace segment under Screener.Core, or null for the root namespace and other assemblies' types.</summary>
    internal static string? FolderOf(MetadataReader reader, TypeDefinitionHandle handle)
    {
        var type = reader.GetTypeDefinition(handle);
        while (type.IsNested) type = reader.GetTypeDefinition(type.GetDeclaringType());
        var ns = reader.GetString(type.Namespace);
        if (!ns.StartsWith(CorePrefix, StringComparison.Ordinal)) return null;
        var rest = ns[CorePrefix.Length..];
        var dot = rest.IndexOf('.');
        return dot < 0 ? rest : rest[..dot];
    }

    private static string TypeName(MetadataReader reader, TypeDefinitionHandle handle)
    {
        var type = reader.GetTypeDefinition(handle);
        var name = reader.GetString(type.Name);
        return type.IsNested ? $"{TypeName(reader, type.GetDeclaringType())}+{name}" : $"{reader.GetString(type.Namespace)}.{name}";
    }

    private static IEnumerable<ImmutableArray<TypeDefinitionHandle>> UsesOf(MetadataReader reader, PEReader pe, TypeDefinitionHandle handle, FolderSignatureProvider signatures)
    {
        var type = reader.GetTypeDefinition(handle);
        if (!type.BaseType.IsNil) yield return signatures.FoldersOf(type.BaseType);
        foreach (var implemented in type.GetInterfaceImplementations())
            yield return signatures.FoldersOf(reader.GetInterfaceImplementation(implemented).Interface);
        foreach (var fieldHandle in type.GetFields())
            yield return reader.GetFieldDefinition(fieldHandle).DecodeSignature(signatures, null);
        foreach (var propertyHandle in type.GetProperties())
        {
            var property = reader.GetPropertyDefinition(propertyHandle).DecodeSignature(signatures, null);
            yield return property.ReturnType;
            foreach (var parameter in property.ParameterTypes) yield return parameter;
        }
        foreach (var methodHandle in type.GetMethods())
        {
            var method = reader.GetMethodDefinition(methodHandle);
            var signature = method.DecodeSignature(signatures, null);
            yield return signature.ReturnType;
            foreach (var parameter in signature.ParameterTypes) yield return parameter;
            if (method.RelativeVirtualAddress == 0) continue;
            var body = pe.GetMethodBody(method.RelativeVirtualAddress);
            if (!body.LocalSignature.IsNil)
                foreach (var local in reader.GetStandaloneSignature(body.LocalSignature).DecodeLocalSignature(signatures, null)) yield return local;
            foreach (var region in body.ExceptionRegions)
                if (!region.CatchType.IsNil) yield return signatures.FoldersOf(region.CatchType);
            foreach (var token in IlTokens(body.GetILReader())) yield return signatures.FoldersOf(MetadataTokens.EntityHandle(token));
        }
    }

    private static readonly Dictionary<short, OperandType> Operands = typeof(OpCodes).GetFields()
        .Select(f => (OpCode)f.GetValue(null)!).ToDictionary(op => op.Value, op => op.OperandType);

    /// <summary>The metadata tokens in a method body (calls, field loads, newobj, casts, ldtoken for expression trees).</summary>
    private static IEnumerable<int> IlTokens(BlobReader il)
    {
        var tokens = new List<int>();
        while (il.RemainingBytes > 0)
        {
            short code = il.ReadByte();
            if (code == 0xFE) code = unchecked((short)(0xFE00 | il.ReadByte()));
            switch (Operands[code])
            {
                case OperandType.InlineField or OperandType.InlineMethod or OperandType.InlineTok or OperandType.InlineType:
                    tokens.Add(il.ReadInt32()); break;
                case OperandType.InlineSwitch:
                    var count = il.ReadInt32(); il.Offset += 4 * count; break;
                case OperandType.InlineI8 or OperandType.InlineR: il.Offset += 8; break;
                case OperandType.InlineNone: break;
                case OperandType.ShortInlineBrTarget or OperandType.ShortInlineI or OperandType.ShortInlineVar: il.Offset += 1; break;
                case OperandType.InlineVar: il.Offset += 2; break;
                default: il.Offset += 4; break;
            }
        }
        return tokens;
    }
}

public sealed record FolderUse(string FromFolder, string FromType, string ToFolder, string ToType);
