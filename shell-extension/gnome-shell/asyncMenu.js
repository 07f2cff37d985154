// Copyright 2026 The libmigui authors
// SPDX-License-Identifier: LGPL-2.1-or-later
//
// A menu filled from the bus: "Looking…" until the answer comes, the
// error in its place if it fails; nothing if the menu went meanwhile.
// And items that name a device, marked if the application is not
// installed there.

import * as PopupMenu from 'resource:///org/gnome/shell/ui/popupMenu.js';
import {gettext as _} from 'resource:///org/gnome/shell/extensions/extension.js';

import {errorMessage} from './client.js';

/**
 * Shows @text in @menu while @load runs.
 *
 * @param {PopupMenu.PopupMenuBase} menu - the menu to fill
 * @param {string} text - what shows meanwhile
 * @param {Function} load - returns a promise of what fills the menu
 * @returns {Promise<any>} what @load gave, or null if it failed or the
 *   menu is gone
 */
export async function loadInto(menu, text, load) {
    const looking = new PopupMenu.PopupMenuItem(text, {reactive: false});
    let gone = false;
    menu.addMenuItem(looking);
    menu.connect('destroy', () => (gone = true));
    let result;
    try {
        result = await load();
    } catch (e) {
        if (!gone)
            looking.label.text = errorMessage(e);
        return null;
    }
    if (gone)
        return null;
    looking.destroy();
    return result;
}

/**
 * Marks @items, which send the application (or a part of it) to @peer, if
 * it is not installed there: a device without it cannot take it, which is
 * said before the user chooses it.
 *
 * @param {object} client - the MiguiClient
 * @param {object} peer - a device, from listPeers()
 * @param {string} appId - the application's ID
 * @param {PopupMenu.PopupMenuItem[]} items - the items that name @peer
 * @param {Function} isGone - whether the menu went meanwhile
 */
export async function markNotInstalled(client, peer, appId, items, isGone) {
    let installed;
    try {
        installed = await client.isInstalledOn(peer, appId);
    } catch (e) {
        console.debug(`migui: ${e.message}`);
        return;
    }
    if (installed || isGone())
        return;
    for (const item of items) {
        // Translators: a paired device nearby (or a part of the application
        // sent there) on which the application is not installed
        item.label.text = _('%s (not installed there)').format(item.label.text);
        item.setSensitive(false);
    }
}
