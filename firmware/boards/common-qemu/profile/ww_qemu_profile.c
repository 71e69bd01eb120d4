/* Instructions per layer of the package's model under QEMU (-icount shift=0), for the cost model of the
 * slice planner and the simulator.
 *   ww_qemu_profile [--runs N] [--seed S]
 * Runs N inferences (default 4) slice by slice on seeded pseudo-random int8 windows. The layer hook reads the
 * instruction counter when a layer has finished and again when the hook returns, so a layer's count runs from
 * the previous hook's return (or the start of its slice) to its own hook: the hook's own work is left out,
 * and so is the counter read, whose cost is measured first and subtracted. Prints per layer
 * "layer index=I max=N total=T" (the most one run took, the sum over the runs), per slice
 * "slice index=S max=N", then runs=, counter_overhead= and max_inference_instructions=.
 * Exit 0; 2 on bad options; 3 when the model does not initialise or a slice fails. */
#include <stdint.h>

#include "ww_model.h"
#include "ww_qemu_counter.h"
#include "ww_qemu_io.h"
#include "ww_semihost.h"

#define PROFILE_MAX_RUNS 64u

#ifndef WW_MODEL_OK
#define WW_MODEL_OK 0 /* the generated header names it; a hand-written model may not */
#endif

/* A package made before inference slicing has no WW_MODEL_NUM_SLICES: it runs whole, as one slice. */
#ifdef WW_MODEL_NUM_SLICES
#define PROFILE_SLICES WW_MODEL_NUM_SLICES
#define PROFILE_INVOKE(slice, probs, hook, user) ww_model_invoke_slice((slice), (probs), (hook), (user))
#else
#define PROFILE_SLICES 1
#define PROFILE_INVOKE(slice, probs, hook, user) ww_model_invoke((probs), (hook), (user))
#endif

typedef struct
{
    uint64_t mark;     /* counter value the current layer started at */
    uint64_t overhead; /* instructions of one counter read, subtracted from each layer */
    uint64_t run[WW_MODEL_NUM_LAYERS];
} profile_t;

static profile_t g_profile;
static uint64_t g_layer_max[WW_MODEL_NUM_LAYERS];
static uint64_t g_layer_total[WW_MODEL_NUM_LAYERS];
static uint64_t g_slice_max[PROFILE_SLICES];

static void layer_done(void *user, int32_t layer, const char *name, const void *data, uint32_t bytes)
{
    profile_t *p = (profile_t *)user;
    const uint64_t now = ww_qemu_counter_instructions();
    const uint64_t used = now - p->mark;
    (void)name;
    (void)data;
    (void)bytes;
    if (layer >= 0 && layer < WW_MODEL_NUM_LAYERS)
    {
        p->run[layer] = used > p->overhead ? used - p->overhead : 0u;
    }
    p->mark = ww_qemu_counter_instructions();
}

static void put_layer(uint32_t index, uint64_t max, uint64_t total)
{
    ww_semihost_puts("layer index=");
    ww_semihost_put_u64(index);
    ww_semihost_puts(" max=");
    ww_semihost_put_u64(max);
    ww_semihost_puts(" total=");
    ww_semihost_put_u64(total);
    ww_semihost_puts("\n");
}

int main(int argc, char **argv)
{
    uint32_t runs = 4u;
    uint32_t seed = 1u;
    uint64_t max_inference = 0u;
    uint32_t r;
    int32_t s;
    int i;
    for (i = 1; i + 1 < argc; i += 2)
    {
        if (ww_qemu_streq(argv[i], "--runs") && ww_qemu_parse_u32(argv[i + 1], &runs) == 0 && runs >= 1u && runs <= PROFILE_MAX_RUNS)
        {
            continue;
        }
        if (ww_qemu_streq(argv[i], "--seed") && ww_qemu_parse_u32(argv[i + 1], &seed) == 0)
        {
            continue;
        }
        break;
    }
    if (i != argc)
    {
        ww_semihost_puts("usage: ww_qemu_profile [--runs 1..64] [--seed S]\n");
        return 2;
    }
    if (ww_model_init() != WW_MODEL_OK)
    {
        ww_semihost_puts("ww_qemu_profile: the model did not initialise\n");
        return 3;
    }
    if (seed == 0u)
    {
        seed = 1u; /* xorshift stays at 0 from 0 */
    }

    ww_qemu_counter_start();
    {
        const uint64_t a = ww_qemu_counter_instructions();
        const uint64_t b = ww_qemu_counter_instructions();
        g_profile.overhead = b - a;
    }
    for (r = 0u; r < runs; r++)
    {
        int8_t *input = ww_model_input();
        int8_t probs[WW_MODEL_NUM_CLASSES];
        uint64_t inference = 0u;
        uint32_t k;
        for (k = 0u; k < (uint32_t)(WW_MODEL_INPUT_FRAMES * WW_MODEL_INPUT_FEATURES); k++)
        {
            input[k] = (int8_t)(ww_qemu_xorshift32(&seed) >> 24);
        }
        for (k = 0u; k < (uint32_t)WW_MODEL_NUM_LAYERS; k++)
        {
            g_profile.run[k] = 0u; /* a layer whose hook did not run this time counts 0, not the last run's figure */
        }
        for (s = 0; s < PROFILE_SLICES; s++)
        {
            uint64_t t0;
            uint64_t used;
            g_profile.mark = ww_qemu_counter_instructions();
            t0 = g_profile.mark;
            if (PROFILE_INVOKE(s, probs, layer_done, &g_profile) != WW_MODEL_OK)
            {
                ww_semihost_puts("ww_qemu_profile: an inference slice failed\n");
                return 3;
            }
            used = ww_qemu_counter_instructions() - t0;
            inference += used;
            if (used > g_slice_max[s])
            {
                g_slice_max[s] = used;
            }
        }
        if (inference > max_inference)
        {
            max_inference = inference;
        }
        for (k = 0u; k < (uint32_t)WW_MODEL_NUM_LAYERS; k++)
        {
            g_layer_total[k] += g_profile.run[k];
            if (g_profile.run[k] > g_layer_max[k])
            {
                g_layer_max[k] = g_profile.run[k];
            }
        }
    }
    for (i = 0; i < WW_MODEL_NUM_LAYERS; i++)
    {
        put_layer((uint32_t)i, g_layer_max[i], g_layer_total[i]);
    }
    for (s = 0; s < PROFILE_SLICES; s++)
    {
        ww_semihost_puts("slice index=");
        ww_semihost_put_u64((uint64_t)s);
        ww_semihost_puts(" max=");
        ww_semihost_put_u64(g_slice_max[s]);
        ww_semihost_puts("\n");
    }
    ww_qemu_print_counter("runs", runs);
    ww_qemu_print_counter("counter_overhead", g_profile.overhead);
    ww_qemu_print_counter("max_inference_instructions", max_inference);
    return 0;
}
