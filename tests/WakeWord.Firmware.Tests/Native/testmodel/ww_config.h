/* Test package configuration: the generated front-end and runtime headers. */
#ifndef WW_CONFIG_H
#define WW_CONFIG_H

#include "ww_frontend_config.h"
#include "ww_runtime_config.h"

#endif
