using Azure;

namespace Reimburse.Azure.Storage;

/// <summary>A <see cref="NullableResponse{T}"/> for "not found": no value, but the raw response.</summary>
internal sealed class NoValueResponse<T>(Response response) : NullableResponse<T>
{
    public override bool HasValue => false;

    public override T Value => throw new InvalidOperationException("The resource does not exist; check HasValue first.");

    public override Response GetRawResponse() => response;
}
