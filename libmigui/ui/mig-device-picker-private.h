/*
 * Copyright 2026 The libmigui authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#pragma once

#include "mig-device-picker.h"
#include "mig-identity-private.h"
#include "mig-peer.h"

G_BEGIN_DECLS

struct _MigDevicePicker
{
  AdwWindow parent_instance;

  GApplication *application; /* a MigApplication */
  GListModel *peers;         /* its peers property */
  GtkStack *stack;
  GtkListBox *list;
  GtkToggleButton *move_button;
  GtkToggleButton *copy_button;
  GtkToggleButton *share_button;
  GtkToggleButton *watch_button;
  char *form_name;           /* sending this form only, if set */
  GCancellable *cancellable;
  MigIdentity *identity;
};

void     mig_device_picker_check_app        (MigDevicePicker *self,
                                             AdwActionRow    *row,
                                             MigPeer         *peer);
void     mig_device_picker_mark_paired      (MigDevicePicker *self,
                                             AdwActionRow    *row);
void     mig_device_picker_add_pair_button  (MigDevicePicker *self,
                                             AdwActionRow    *row,
                                             MigPeer         *peer);
gboolean mig_device_picker_row_is_paired    (AdwActionRow    *row);

G_END_DECLS
