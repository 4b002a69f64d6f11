using Screener.Core.Llm;

namespace Screener.Core.Tests.Llm;

public sealed class LlamaSettingsTests
{
    [Fact]
    public void Flash_attention_is_off_on_the_cpu_when_not_set()
    {
        var settings = LlamaSettings.From(new LlmOptions { Provider = LlmProvider.LlamaSharp, ModelPath = "m.gguf", GpuLayerCount = 0 });

        Assert.False(settings.FlashAttention);
    }

    [Fact]
    public void Flash_attention_is_left_to_llama_cpp_with_gpu_layers_when_not_set()
    {
        Assert.Null(LlamaSettings.FlashAttentionFor(null, gpuLayerCount: 99));
    }

    [Theory]
    [InlineData(true, 0)]
    [InlineData(false, 99)]
    public void An_explicit_flash_attention_setting_wins(bool setting, int gpuLayers)
    {
        Assert.Equal(setting, LlamaSettings.FlashAttentionFor(setting, gpuLayers));
    }

    [Fact]
    public void Each_parallel_sequence_gets_its_own_kv_cache_unless_told_otherwise()
    {
        var options = new LlmOptions { Provider = LlmProvider.LlamaSharp, ModelPath = "m.gguf", ParallelSequences = 4 };

        Assert.False(LlamaSettings.From(options).KvUnified);
        options.KvUnified = true;
        Assert.True(LlamaSettings.From(options).KvUnified);
    }
}
