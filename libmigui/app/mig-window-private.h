/*
 * Copyright 2026 The libmigui authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#pragma once

#include <json-glib/json-glib.h>
#include "mig-json-writer-private.h"
#include "mig-window.h"

G_BEGIN_DECLS

typedef struct
{
  guint serial;
  MigDeviceProfile *origin_profile;
  /* Dialogs of mig-window-migrate.c, weak pointers: each destroys itself
   * once answered. */
  GtkWidget *sending_dialog;
  GtkWidget *waiting_dialog;
  /* The "Sending to" dialog waits this long before it shows (a quick
   * migration shows none): its device name and Cancel's cancellable. */
  guint sending_timeout;
  char *sending_device;
  GCancellable *sending_cancellable;
  /* The focus while the window is frozen (a weak pointer): it comes back
   * when the window thaws, on the source when a send fails and on the
   * target when the application goes live. */
  GtkWidget *frozen_focus;
} MigWindowPrivate;

MigWindowPrivate *mig_window_get_private (MigWindow *self);
void              mig_window_drop_dialogs (MigWindow *self);

guint       mig_window_get_serial        (MigWindow        *self);
void        mig_window_capture           (MigWindow        *self,
                                          MigJsonWriter    *writer,
                                          guint            *n_widgets);
gboolean    mig_window_restore_widgets   (MigWindow        *self,
                                          JsonObject       *saved,
                                          GError          **error);
gboolean    mig_window_restore_geometry  (MigWindow        *self,
                                          JsonObject       *saved,
                                          MigDeviceProfile *origin,
                                          MigDeviceProfile *local);
void        mig_window_restore_focus     (MigWindow        *self,
                                          JsonObject       *saved);
void        mig_window_emit_save_state   (MigWindow        *self,
                                          GVariantDict     *dict);
void        mig_window_emit_restore_state (MigWindow       *self,
                                          GVariant         *state);
void        mig_window_emit_pre_migrate  (MigWindow        *self,
                                          MigPeer          *peer);
void        mig_window_emit_post_migrate (MigWindow        *self,
                                          MigRestoreReason  reason);
void        mig_window_emit_adapt        (MigWindow        *self,
                                          MigDeviceProfile *profile);

void        mig_window_set_frozen        (MigWindow        *self,
                                          gboolean          frozen);
void        mig_window_show_sending      (MigWindow        *self,
                                          const char       *device_name,
                                          GCancellable     *cancellable);
void        mig_window_hide_sending      (MigWindow        *self);
void        mig_window_show_message      (MigWindow        *self,
                                          const char       *message);
void        mig_window_set_arriving      (MigWindow        *self,
                                          gboolean          arriving);
void        mig_window_show_waiting      (MigWindow        *self,
                                          const char       *source_name,
                                          void            (*take_over) (MigWindow *window));
void        mig_window_hide_waiting      (MigWindow        *self);

G_END_DECLS
