/*
 * Copyright 2026 The libmigui authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#pragma once

#include <gtk/gtk.h>
#include <adwaita.h>

G_BEGIN_DECLS

#define _MIGUI_INSIDE
#include "mig-version.h"
#include "mig-enums.h"
#include "mig-enum-types.h"
#include "mig-channel.h"
#include "mig-channel-listener.h"
#include "mig-device-profile.h"
#include "mig-peer.h"
#include "mig-peer-browser.h"
#include "mig-shell.h"
#include "mig-form-tree.h"
#include "mig-state.h"
#include "mig-stateful.h"
#include "mig-syncable.h"
#include "mig-form.h"
#include "mig-form-sync.h"
#include "mig-window.h"
#include "mig-form-window.h"
#include "mig-application.h"
#include "mig-device-picker.h"
#undef _MIGUI_INSIDE

G_END_DECLS
