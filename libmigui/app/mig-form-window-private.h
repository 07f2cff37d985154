/*
 * Copyright 2026 The libmigui authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#pragma once

#include "mig-form-window.h"

G_BEGIN_DECLS

void mig_form_window_set_form   (MigFormWindow *self,
                                 MigForm       *form);
void mig_form_window_set_titles (MigFormWindow *self,
                                 const char    *title,
                                 const char    *subtitle);
void mig_form_window_set_sync   (MigFormWindow *self,
                                 MigFormSync   *sync);
void mig_form_window_show_ended (MigFormWindow *self,
                                 const char    *reason);

G_END_DECLS
