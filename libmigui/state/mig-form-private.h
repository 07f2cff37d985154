/*
 * Copyright 2026 The libmigui authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#pragma once

#include "mig-form.h"

G_BEGIN_DECLS

void       mig_form_set_placeholder (MigForm   *self,
                                     GtkWidget *placeholder);
GtkWidget *mig_form_get_placeholder (MigForm   *self);

G_END_DECLS
