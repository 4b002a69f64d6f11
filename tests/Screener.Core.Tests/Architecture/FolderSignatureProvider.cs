using System.Collections.Immutable;
using System.Reflection.Metadata;

namespace Screener.Core.Tests.Architecture;

/// <summary>Decodes a signature or a token into the types of this assembly it names (generic arguments included).</summary>
internal sealed class FolderSignatureProvider(MetadataReader reader) : ISignatureTypeProvider<ImmutableArray<TypeDefinitionHandle>, object?>
{
    public ImmutableArray<TypeDefinitionHandle> FoldersOf(EntityHandle handle) => handle.Kind switch
    {
        HandleKind.TypeDefinition => GetTypeFromDefinition(reader, (TypeDefinitionHandle)handle, 0),
        HandleKind.TypeSpecification => reader.GetTypeSpecification((TypeSpecificationHandle)handle).DecodeSignature(this, null),
        HandleKind.FieldDefinition => FieldFolders((FieldDefinitionHandle)handle),
        HandleKind.MethodDefinition => MethodFolders((MethodDefinitionHandle)handle),
        HandleKind.MemberReference => MemberFolders((MemberReferenceHandle)handle),
        HandleKind.MethodSpecification => MethodSpecFolders((MethodSpecificationHandle)handle),
        _ => [],
    };

    private ImmutableArray<TypeDefinitionHandle> FieldFolders(FieldDefinitionHandle handle)
    {
        var field = reader.GetFieldDefinition(handle);
        return [.. FoldersOf(field.GetDeclaringType()), .. field.DecodeSignature(this, null)];
    }

    private ImmutableArray<TypeDefinitionHandle> MethodFolders(MethodDefinitionHandle handle)
    {
        var method = reader.GetMethodDefinition(handle);
        var signature = method.DecodeSignature(this, null);
        return [.. FoldersOf(method.GetDeclaringType()), .. signature.ReturnType, .. signature.ParameterTypes.SelectMany(p => p)];
    }

    private ImmutableArray<TypeDefinitionHandle> MemberFolders(MemberReferenceHandle handle)
    {
        var member = reader.GetMemberReference(handle);
        var parent = member.Parent.Kind == HandleKind.TypeReference ? [] : FoldersOf(member.Parent);
        if (member.GetKind() == MemberReferenceKind.Field) return [.. parent, .. member.DecodeFieldSignature(this, null)];
        var signature = member.DecodeMethodSignature(this, null);
        return [.. parent, .. signature.ReturnType, .. signature.ParameterTypes.SelectMany(p => p)];
    }

    private ImmutableArray<TypeDefinitionHandle> MethodSpecFolders(MethodSpecificationHandle handle)
    {
        var spec = reader.GetMethodSpecification(handle);
        return [.. FoldersOf(spec.Method), .. spec.DecodeSignature(this, null).SelectMany(a => a)];
    }

    public ImmutableArray<TypeDefinitionHandle> GetTypeFromDefinition(MetadataReader metadata, TypeDefinitionHandle handle, byte rawTypeKind) =>
        [handle];

    public ImmutableArray<TypeDefinitionHandle> GetTypeFromReference(MetadataReader metadata, TypeReferenceHandle handle, byte rawTypeKind) => [];
    public ImmutableArray<TypeDefinitionHandle> GetTypeFromSpecification(MetadataReader metadata, object? context, TypeSpecificationHandle handle, byte rawTypeKind) =>
        metadata.GetTypeSpecification(handle).DecodeSignature(this, context);
    public ImmutableArray<TypeDefinitionHandle> GetGenericInstantiation(ImmutableArray<TypeDefinitionHandle> genericType, ImmutableArray<ImmutableArray<TypeDefinitionHandle>> typeArguments) =>
        [.. genericType, .. typeArguments.SelectMany(a => a)];
    public ImmutableArray<TypeDefinitionHandle> GetArrayType(ImmutableArray<TypeDefinitionHandle> elementType, ArrayShape shape) => elementType;
    public ImmutableArray<TypeDefinitionHandle> GetSZArrayType(ImmutableArray<TypeDefinitionHandle> elementType) => elementType;
    public ImmutableArray<TypeDefinitionHandle> GetByReferenceType(ImmutableArray<TypeDefinitionHandle> elementType) => elementType;
    public ImmutableArray<TypeDefinitionHandle> GetPointerType(ImmutableArray<TypeDefinitionHandle> elementType) => elementType;
    public ImmutableArray<TypeDefinitionHandle> GetPinnedType(ImmutableArray<TypeDefinitionHandle> elementType) => elementType;
    public ImmutableArray<TypeDefinitionHandle> GetModifiedType(ImmutableArray<TypeDefinitionHandle> modifier, ImmutableArray<TypeDefinitionHandle> unmodifiedType, bool isRequired) => unmodifiedType;
    public ImmutableArray<TypeDefinitionHandle> GetFunctionPointerType(MethodSignature<ImmutableArray<TypeDefinitionHandle>> signature) =>
        [.. signature.ReturnType, .. signature.ParameterTypes.SelectMany(p => p)];
    public ImmutableArray<TypeDefinitionHandle> GetGenericMethodParameter(object? context, int index) => [];
    public ImmutableArray<TypeDefinitionHandle> GetGenericTypeParameter(object? context, int index) => [];
    public ImmutableArray<TypeDefinitionHandle> GetPrimitiveType(PrimitiveTypeCode typeCode) => [];
}
