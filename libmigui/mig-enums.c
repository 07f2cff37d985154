/*
 * Copyright 2026 The libmigui authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include "config.h"

#include "mig-enums.h"

/**
 * mig_error_quark:
 *
 * The quark of the `MIG_ERROR` domain.
 *
 * Returns: the error quark
 */
G_DEFINE_QUARK (mig-error-quark, mig_error)
