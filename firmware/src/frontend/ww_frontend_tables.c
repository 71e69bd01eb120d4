/* The one definition of the generated front-end tables. */
#define WW_FE_DEFINE_TABLES
#include "ww_frontend_config.h"
