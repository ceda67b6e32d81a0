using Kairos.Kronos.Hub;

namespace Kairos.Kronos.Tests.Hub;

public sealed class HubRepoIdTests
{
    [Theory]
    [InlineData("NeoQuasar/Kronos-small", "models--NeoQuasar--Kronos-small")]
    [InlineData("NeoQuasar/Kronos-Tokenizer-base", "models--NeoQuasar--Kronos-Tokenizer-base")]
    [InlineData("gpt2", "models--gpt2")]
    [InlineData("org_1/model.v2", "models--org_1--model.v2")]
    public void Valid_ids_map_to_their_cache_folder(string text, string folder)
    {
        var id = HubRepoId.Parse(text);
        Assert.Equal(folder, id.CacheFolderName);
        Assert.Equal(text, id.ToString());
    }

    [Theory]
    [InlineData("")]
    [InlineData("a/b/c")]
    [InlineData("/abs/path")]
    [InlineData("owner/na--me")]
    [InlineData("owner/../x")]
    [InlineData("owner/name.git")]
    [InlineData("owner/na me")]
    [InlineData("C:\\models\\kronos")]
    public void Invalid_ids_are_refused(string text) => Assert.False(HubRepoId.TryParse(text, out _));
}
