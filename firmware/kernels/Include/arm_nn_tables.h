/* WakeWord portable CMSIS-NN subset: lookup tables. */
#ifndef ARM_NN_TABLES_H
#define ARM_NN_TABLES_H

#include "arm_nn_math_types.h"

/* sigmoid(i / 24) in Q0.16 for i = 0..255 (the int16 logistic/tanh LUT of the TFLite int16 scheme). */
extern const uint16_t sigmoid_table_uint16[256];

#endif /* ARM_NN_TABLES_H */
