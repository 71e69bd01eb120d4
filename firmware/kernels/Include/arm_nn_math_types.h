/*
 * WakeWord portable CMSIS-NN subset: basic integer types, limits and target feature macros.
 * Same names as CMSIS-NN's header so generated code compiles against either library.
 */
#ifndef ARM_NN_MATH_TYPES_H
#define ARM_NN_MATH_TYPES_H

#include <limits.h>
#include <stdint.h>
#include <string.h>

/* Target features: the DSP extension (Cortex-M4/M7/M33...) and Helium (M55/M85). The portable kernels
 * compute the same integers on every target; the macros only select *_get_buffer_size values. */
#if defined(__ARM_FEATURE_DSP) && (__ARM_FEATURE_DSP == 1) && !defined(ARM_MATH_DSP)
    #define ARM_MATH_DSP 1
#endif
#if defined(__ARM_FEATURE_MVE) && (__ARM_FEATURE_MVE & 1) && !defined(ARM_MATH_MVEI)
    #define ARM_MATH_MVEI 1
#endif

#ifndef __STATIC_FORCEINLINE
    #define __STATIC_FORCEINLINE static inline
#endif
#ifndef __STATIC_INLINE
    #define __STATIC_INLINE static inline
#endif

#define NN_Q31_MAX ((int32_t)(0x7FFFFFFFL))
#define NN_Q15_MAX ((int16_t)(0x7FFF))
#define NN_Q7_MAX ((int8_t)(0x7F))
#define NN_Q31_MIN ((int32_t)(0x80000000L))
#define NN_Q15_MIN ((int16_t)(0x8000))
#define NN_Q7_MIN ((int8_t)(0x80))

#endif /* ARM_NN_MATH_TYPES_H */
